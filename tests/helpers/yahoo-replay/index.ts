export { startYahooReplay } from './server.js';
export type { YahooFaultRule, YahooReplay, YahooReplayFault, YahooReplayRequest } from './server.js';
export {
  loadRecordedCharts,
  loadRecordedSearches,
  recordedChartJson,
  recordedYahooChart,
} from './fixtures.js';
export type { RecordedChart, RecordedSearch } from './fixtures.js';
