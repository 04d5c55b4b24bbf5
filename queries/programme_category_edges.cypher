// answers: the PARTICIPATES_IN edges of participant categories at these programmes with all their properties, so a load can keep what other documents said
// params: ids
MATCH (p:Programme)<-[r:PARTICIPATES_IN]-(c:Category)
WHERE p.id IN $ids
RETURN r AS rel, c.id AS src, p.id AS dst
