/** An object as the bucket listing describes it (size, ETag, Last-Modified). */
export interface VisionObjectLike {
  key: string;
  size: number;
  etag: string | null;
  lastModified: string | null;
}
