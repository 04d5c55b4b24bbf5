// answers: (a write) forgets every stored organisation seed and evidence index (Answer nodes keyed "seed|ID", "ev|ID|ROLE" and "ev|") before they are derived again
// params: none
MATCH (a:Answer)
WHERE a.key STARTS WITH 'seed|' OR a.key STARTS WITH 'ev|'
DELETE a
