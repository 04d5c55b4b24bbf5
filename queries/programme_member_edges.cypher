// answers: the LEADS and PARTNER_IN edges at these programmes with all their properties, so a load can keep what other documents said
// params: ids
MATCH (p:Programme)<-[r:LEADS|PARTNER_IN]-(o:Organisation)
WHERE p.id IN $ids
RETURN r AS rel, o.id AS src, p.id AS dst
