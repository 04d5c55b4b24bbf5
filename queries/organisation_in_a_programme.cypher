// answers: one organisation that takes part in a programme, any (the server asks for its partners once at start, so that the first requests do not each build what every suggestion reads)
// params: none
MATCH (o:Organisation)-[:LEADS|PARTNER_IN]->(:Programme)
WHERE coalesce(o.kind, '') <> 'generic'
RETURN o.id AS id
LIMIT 1
