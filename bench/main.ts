// Benchmarks (`npm run bench`): each prints its figures; BENCHMARKS.md records them.
console.log('kernlab benchmarks');
