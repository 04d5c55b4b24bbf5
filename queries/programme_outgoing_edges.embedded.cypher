// answers: the PART_OF and TARGETS edges leaving these programmes with their properties and the label of the other end, so a load can keep what other documents said
// params: ids
// The embedded engine names a node's table with label(), a string.
MATCH (p:Programme)-[r:PART_OF|TARGETS]->(x)
WHERE p.id IN $ids
RETURN r AS rel, p.id AS src, coalesce(x.id, x.code) AS dst, label(x) AS dst_label
