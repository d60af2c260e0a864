// Nice levels to CFS load weights. linux: kernel/sched/core.c sched_prio_to_weight
//
// Each nice level is worth about 10% of CPU relative to its neighbour: the
// weights go up by a factor of ~1.25 per level, nice 0 is 1024.

export const SCHED_PRIO_TO_WEIGHT: readonly number[] = [
  /* -20 */ 88761, 71755, 56483, 46273, 36291,
  /* -15 */ 29154, 23254, 18705, 14949, 11916,
  /* -10 */ 9548, 7620, 6100, 4904, 3906,
  /*  -5 */ 3121, 2501, 1991, 1586, 1277,
  /*   0 */ 1024, 820, 655, 526, 423,
  /*   5 */ 335, 272, 215, 172, 137,
  /*  10 */ 110, 87, 70, 56, 45,
  /*  15 */ 36, 29, 23, 18, 15,
];

export function niceToWeight(nice: number): number {
  return SCHED_PRIO_TO_WEIGHT[nice + 20];
}
