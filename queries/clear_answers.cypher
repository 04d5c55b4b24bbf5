// answers: (a write) forgets every precomputed suggestion answer before they are derived again
// params: none
MATCH (a:Answer)
DELETE a
