// answers: (a write) forgets every stored organisation seed (Answer nodes keyed "seed|ID") before they are derived again
// params: none
MATCH (a:Answer)
WHERE a.key STARTS WITH 'seed|'
DELETE a
