/**
 * The word lists that score headlines: hand-written for Tradelab after the positive and negative
 * categories of the Loughran–McDonald master dictionary (not a copy of it; that list could not be
 * downloaded here and is licensed separately). Like LM, every inflected form is listed on its own
 * (no stemming at scoring time), and words whose finance sense is ambiguous in headlines
 * ("rise" in "rising costs" is kept, "raise" in "raises concern" is not; "fine", "top", "won",
 * "limited", "growth" are left out; "tops" and "topped" are in) are decided here once.
 * Hyphenated forms ("write-down", "better-than-expected") are matched as whole tokens first.
 *
 * Change a list → bump FINANCE_LEXICON_VERSION and update docs/finance-lexicon.md (a test compares
 * the counts there with these lists). Each stored headline records the version that scored it.
 */
export const FINANCE_LEXICON_VERSION = 'tradelab-finance-2025.1';

const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

export const positiveWords: ReadonlySet<string> = words(`
  accelerate accelerated accelerates accelerating acceleration
  achieve achieved achievement achievements achieves achieving
  advance advances advancing
  approval approvals approve approved approves approving
  attractive awarded
  beat beating beats better better-than-expected best
  benefit beneficial benefited benefiting benefits benefitted
  blowout boom booming booms
  boost boosted boosting boosts
  breakthrough breakthroughs
  bright brighter brightening brightens
  bull bullish bulls
  buyback buybacks
  climb climbed climbing climbs
  confidence confident
  efficiency efficient
  enhance enhanced enhances enhancing
  excellent exceptional
  exceed exceeded exceeding exceeds
  favorable favourable
  flourish flourished flourishing
  gain gained gainer gainers gaining gains
  healthier healthy highs
  impressive improve improved improvement improvements improves improving
  innovation innovations innovative
  jump jumped jumping jumps
  lift lifted lifting lifts
  lucrative milestone milestones
  opportunities opportunity optimism optimistic
  outpace outpaced outpaces outpacing
  outperform outperformance outperformed outperforming outperforms outstanding
  overweight
  popped pops positive
  profit profitability profitable profited profiting profits
  rallied rallies rally rallying
  rebound rebounded rebounding rebounds
  record record-breaking record-high record-setting
  recover recovered recoveries recovering recovers recovery
  reinstate reinstated reinstates
  remarkable resilience resilient
  rise risen rises rising robust rose
  skyrocket skyrocketed skyrocketing skyrockets
  soar soared soaring soars
  solid spectacular
  stabilize stabilized stabilizes stabilizing stability stable
  stellar
  strength strengthen strengthened strengthening strengthens strong stronger strongest
  succeed succeeded succeeding succeeds success successes successful successfully
  surge surged surges surging
  surpass surpassed surpasses surpassing
  tailwind tailwinds
  thrive thrived thrives thriving
  topped tops
  undervalued
  upbeat upgrade upgraded upgrades upgrading uplift upside upswing
  windfall winner winners winning wins
`);

export const negativeWords: ReadonlySet<string> = words(`
  abandon abandoned abandons
  accusation accusations accuse accused accuses
  adverse adversely
  alarm alarming
  allegation allegations allege alleged alleges
  antitrust axe axed
  ban banned banning bans
  bankrupt bankruptcies bankruptcy
  bearish bleak bloodbath
  breach breached breaches
  bribe bribery bribes
  bubble bubbles
  cancel canceled canceling cancellation cancellations cancelled cancelling cancels
  class-action
  closure closures
  collapse collapsed collapses collapsing
  concern concerned concerns
  conviction convicted corrupt corruption
  crackdown
  crash crashed crashes crashing
  crater cratered cratering craters
  crises crisis
  cut cutback cutbacks cuts cutting
  damage damaged damages damaging
  danger dangerous
  decline declined declines declining
  default defaulted defaulting defaults
  defect defective defects
  deficit deficits
  delay delayed delaying delays
  delinquencies delinquency delinquent
  delist delisted delisting delists
  denied denies deny
  deteriorate deteriorated deteriorates deteriorating deterioration
  dilute diluted dilutes dilution dilutive
  dip dipped dipping dips
  disappoint disappointed disappointing disappointment disappointments disappoints
  dismal dire
  dispute disputed disputes
  disruption disruptions
  distress distressed
  downbeat downgrade downgraded downgrades downgrading downside downturn downturns
  drag dragged dragging drags
  drop dropped dropping drops
  dump dumped dumping dumps
  embezzlement
  erode eroded erodes eroding erosion
  exodus
  fail failed failing fails failure failures
  fall fallen falling falls fell
  fear feared fearful fearing fears
  fined fines
  flaw flawed flaws
  fled flee fleeing flees
  foreclosure foreclosures
  fraud frauds fraudulent
  glitch glitches gloom gloomy grim guilty
  hacked
  halt halted halting halts
  hamper hampered hampers
  headwind headwinds
  hinder hindered hinders
  hurt hurting hurts
  impair impaired impairment impairments
  indicted indictment
  insolvency insolvent
  interruption interruptions
  investigation investigations
  lackluster lacklustre
  lag laggard laggards lagged lagging lags
  laundering
  lawsuit lawsuits
  lay-off lay-offs layoff layoffs
  liquidate liquidated liquidation
  lose loses losing loss losses lost lows
  lowered lowers
  manipulate manipulated manipulation
  misconduct
  miss missed misses missing
  negative negatively
  nosedive nosedived nosedives
  obsolete oust ousted ousts
  outage outages outflow outflows
  overdue overvalued overrun overruns
  pain painful
  panic panicked panics
  penalized penalize penalties penalty
  pessimism pessimistic
  plight
  plummet plummeted plummeting plummets
  plunge plunged plunges plunging
  pressured
  probe probes problem problematic problems
  recall recalled recalling recalls
  record-low
  recession recessionary recessions
  reject rejected rejecting rejection rejects
  resignation resigns
  restate restated restatement restatements restates
  retreat retreated retreating retreats
  rout routed routs
  sag sagged sagging sags
  sanction sanctioned sanctions
  scandal scandals scare scares
  scrap scrapped scrapping scraps
  selloff selloffs sell-off sell-offs
  setback setbacks
  shortage shortages shortfall shortfalls short-seller short-sellers
  shrank shrink shrinking shrinks shrunk
  shutdown shutdowns shuts
  sink sinking sinks sank sunk
  slash slashed slashes slashing
  slid slide slides sliding
  slip slipped slipping slips
  slowdown slowdowns slowed slowing slows
  sluggish
  slump slumped slumping slumps
  softer softness
  stall stalled stalling stalls
  strife
  struggle struggled struggles struggling
  subpoena subpoenaed
  sue sued sues suing
  suspend suspended suspending suspends suspension
  tanked tanking tanks
  tariff tariffs
  terminate terminated termination
  threat threaten threatened threatening threatens threats
  toxic
  trouble troubled troubles troubling
  tumble tumbled tumbles tumbling
  turmoil
  underfunded underperform underperformance underperformed underperforming underperforms underwater
  unfavorable unfavourable unpaid unprofitable unrest
  violate violated violates violation violations
  vulnerabilities vulnerability vulnerable
  walkout
  warn warned warning warnings warns
  weak weaken weakened weakening weakens weaker weakest weakness weaknesses
  woe woes
  worried worries worrisome worry worrying
  worse worsen worsened worsening worsens worse-than-expected worst
  write-down write-downs writedown writedowns write-off write-offs writeoff writeoffs
`);

/**
 * Words that flip the sense of a lexicon hit within the next three tokens: "not", "no", "never",
 * "without" and the n't contractions. "fails to" (and "fail/failed/failing to") is a two-token
 * negator handled by the scorer, where "fails" negates instead of counting as a negative word.
 */
export const negators: ReadonlySet<string> = words(`
  not no never without cannot
  isn't aren't wasn't weren't doesn't don't didn't won't can't couldn't wouldn't shouldn't hasn't haven't hadn't
`);

/** First tokens of the two-token negators "fails to", "fail to", "failed to", "failing to". */
export const failVerbs: ReadonlySet<string> = words('fail fails failed failing');
