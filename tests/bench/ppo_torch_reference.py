"""PyTorch reference for the PPO update benchmark (tests/bench/ppo.bench.ts).

The same network and update as src/core/learn: a 53-64-64 tanh encoder, one head matMul of
64 -> 7 (stock logits, crypto logits, value), logits = m*crypto + (1-m)*stock with m the
observation's market-type slot, PPO loss = policy + 0.5*value - c_H*entropy with per-minibatch
advantage normalisation, global-norm clipping at 0.5, Adam (eps 1e-5); `epochs` passes over
`samples` rows in shuffled minibatches. CPU, one thread (torch.set_num_threads(1)).

Usage:
  python3 ppo_torch_reference.py [--samples N] [--minibatch B] [--epochs E] [--repeats R]
      prints one JSON line: {"torch", "threads", "samplesPerSecond", "medianMs", ...}
  python3 ppo_torch_reference.py --serve [...]
      prints {"ready": true, ...}, then times one update per "run" line read from stdin and
      prints {"ms": ...} for each (the bench interleaves these with its own runs).
"""

import argparse
import json
import sys
import time

import torch

OBS, HIDDEN, ACTIONS, MARKET_SLOT = 53, 64, 3, 50


class Policy(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = torch.nn.Linear(OBS, HIDDEN)
        self.l2 = torch.nn.Linear(HIDDEN, HIDDEN)
        self.head = torch.nn.Linear(HIDDEN, 2 * ACTIONS + 1)

    def forward(self, x, m):
        out = self.head(torch.tanh(self.l2(torch.tanh(self.l1(x)))))
        stock, crypto, value = out[:, :ACTIONS], out[:, ACTIONS : 2 * ACTIONS], out[:, 2 * ACTIONS]
        return stock + m * (crypto - stock), value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=16384)
    parser.add_argument("--minibatch", type=int, default=4096)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(0)
    n, mb = args.samples, args.minibatch
    net = Policy()
    opt = torch.optim.Adam(net.parameters(), lr=3e-4, eps=1e-5)
    obs = torch.randn(n, OBS)
    obs[:, MARKET_SLOT] = (torch.rand(n) < 0.7).float()
    market = obs[:, MARKET_SLOT : MARKET_SLOT + 1].clone()
    actions = torch.randint(0, ACTIONS, (n,))
    old_log_probs = -1.1 + 0.1 * torch.randn(n)
    advantages = torch.randn(n)
    returns = torch.randn(n)
    clip, value_coef, entropy_coef, max_norm = 0.2, 0.5, 0.01, 0.5

    def update():
        for _ in range(args.epochs):
            perm = torch.randperm(n)
            for start in range(0, n, mb):
                idx = perm[start : start + mb]
                logits, values = net(obs[idx], market[idx])
                log_probs = torch.log_softmax(logits, 1)
                log_prob = log_probs.gather(1, actions[idx].unsqueeze(1)).squeeze(1)
                adv = advantages[idx]
                adv = (adv - adv.mean()) / (adv.std(unbiased=False) + 1e-8)
                ratio = torch.exp(log_prob - old_log_probs[idx])
                policy_loss = -torch.min(ratio * adv, torch.clamp(ratio, 1 - clip, 1 + clip) * adv).mean()
                value_loss = ((values - returns[idx]) ** 2).mean()
                entropy = -(log_probs.exp() * log_probs).sum(1).mean()
                loss = policy_loss + value_coef * value_loss - entropy_coef * entropy
                opt.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), max_norm)
                opt.step()

    def timed():
        start = time.perf_counter()
        update()
        return (time.perf_counter() - start) * 1000

    info = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "samples": n,
        "minibatch": mb,
        "epochs": args.epochs,
    }
    timed()  # warm-up
    if args.serve:
        print(json.dumps({"ready": True, **info}), flush=True)
        for line in sys.stdin:
            if line.strip() != "run":
                break
            print(json.dumps({"ms": timed()}), flush=True)
        return
    times = sorted(timed() for _ in range(args.repeats))
    median = times[len(times) // 2]
    print(json.dumps({**info, "medianMs": median, "samplesPerSecond": args.epochs * n / (median / 1000)}))


if __name__ == "__main__":
    main()
