// The statistics of an A/B comparison (docs/learning.md has the formulas): a two-proportion z-test,
// the probability that one variant is really better (Beta posteriors, normal approximation) and the
// sends still needed for 80% power at alpha 0.05. Pure functions of counts.

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

export const Z_ALPHA_HALF = 1.959964; // two-sided alpha 0.05
export const Z_POWER = 0.841621; // power 0.80

export interface ZTest {
  /** (pB − pA) / sqrt(p̄(1 − p̄)(1/nA + 1/nB)), p̄ the pooled rate; null when undefined */
  z: number | null;
  /** two-sided */
  p_value: number | null;
}

/** Two-proportion z-test of B against A (pooled standard error). */
export function twoProportionZ(xA: number, nA: number, xB: number, nB: number): ZTest {
  if (nA === 0 || nB === 0) return { z: null, p_value: null };
  const pooled = (xA + xB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (se === 0) return { z: null, p_value: null };
  const z = (xB / nB - xA / nA) / se;
  return { z, p_value: 2 * (1 - normalCdf(Math.abs(z))) };
}

/**
 * P(rate B > rate A) with uniform priors: each rate's posterior is Beta(x + 1, n − x + 1), with mean
 * m = (x + 1) / (n + 2) and variance m(1 − m) / (n + 3); the difference is taken as normal, so
 * P = Φ((mB − mA) / sqrt(vA + vB)).
 */
export function probabilityBetter(xA: number, nA: number, xB: number, nB: number): number {
  const mA = (xA + 1) / (nA + 2);
  const mB = (xB + 1) / (nB + 2);
  const v = (mA * (1 - mA)) / (nA + 3) + (mB * (1 - mB)) / (nB + 3);
  return normalCdf((mB - mA) / Math.sqrt(v));
}

/**
 * Sends per variant to detect the observed difference with 80% power at two-sided alpha 0.05:
 * n = (z₀.₉₇₅ √(2 p̄(1 − p̄)) + z₀.₈ √(pA(1 − pA) + pB(1 − pB)))² / (pA − pB)², p̄ = (pA + pB) / 2.
 * Null when the rates are equal (no difference to detect).
 */
export function sampleSizePerArm(pA: number, pB: number): number | null {
  const d = pA - pB;
  if (d === 0) return null;
  const pBar = (pA + pB) / 2;
  const a =
    Z_ALPHA_HALF * Math.sqrt(2 * pBar * (1 - pBar)) + Z_POWER * Math.sqrt(pA * (1 - pA) + pB * (1 - pB));
  return Math.ceil((a * a) / (d * d));
}

export interface ArmCounts {
  key: string;
  sent: number;
  /** the successes compared (replies) */
  hits: number;
}

export interface Comparison {
  leader: string;
  runner_up: string;
  z: number | null;
  p_value: number | null;
  probability_better: number;
  /** sends per variant for 80% power at alpha 0.05; null when the rates are equal */
  needed_per_arm: number | null;
  /** more sends in all (over the two arms) before the difference is trustworthy; 0 when enough */
  more_sends: number | null;
  significant: boolean;
  readout: string;
}

/** The leader (highest rate) against the runner-up, and a sentence for people. */
export function compareArms(arms: ArmCounts[]): Comparison | null {
  const live = arms.filter((a) => a.sent > 0);
  if (arms.length < 2) return null;
  if (live.length < 2) {
    return {
      leader: live[0]?.key ?? arms[0].key,
      runner_up: arms.find((a) => a.key !== (live[0]?.key ?? arms[0].key))?.key ?? arms[1].key,
      z: null,
      p_value: null,
      probability_better: 0.5,
      needed_per_arm: null,
      more_sends: null,
      significant: false,
      readout: "Not enough sends yet: every variant needs some sends before they can be compared.",
    };
  }
  const sorted = [...live].sort((a, b) => b.hits / b.sent - a.hits / a.sent || b.sent - a.sent);
  const [lead, second] = sorted;
  const t = twoProportionZ(second.hits, second.sent, lead.hits, lead.sent);
  const prob = probabilityBetter(second.hits, second.sent, lead.hits, lead.sent);
  const needed = sampleSizePerArm(second.hits / second.sent, lead.hits / lead.sent);
  const more = needed === null ? null : Math.max(0, needed - lead.sent) + Math.max(0, needed - second.sent);
  const significant = t.p_value !== null && t.p_value < 0.05;
  const pct = prob > 0.99 ? "over 99%" : prob < 0.01 ? "under 1%" : `${Math.round(prob * 100)}%`;
  const p = t.p_value === null ? "" : t.p_value < 0.001 ? "p < 0.001" : `p = ${t.p_value.toFixed(3)}`;
  let readout: string;
  if (needed === null)
    readout = `${lead.key} and ${second.key} are even so far (${lead.hits}/${lead.sent} vs ${second.hits}/${second.sent}).`;
  else if (significant || more === 0)
    readout = `${lead.key} leads; ${pct} likely better than ${second.key}; enough sends to be sure (${p}).`;
  else
    readout = `${lead.key} leads; ${pct} likely better than ${second.key}; about ${roundSends(more!)} more sends to be sure.`;
  return {
    leader: lead.key,
    runner_up: second.key,
    z: t.z,
    p_value: t.p_value,
    probability_better: prob,
    needed_per_arm: needed,
    more_sends: more,
    significant,
    readout,
  };
}

/** "about 300": two significant figures for people. */
export function roundSends(n: number): number {
  if (n < 100) return n;
  const mag = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / mag) * mag;
}
