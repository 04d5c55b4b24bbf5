// answers: the PART_OF and TARGETS edges leaving these programmes with their properties and the label of the other end, so a load can keep what other documents said
// params: ids
// The label of the other end from its key (graph/model.py: a Programme has an id,
// a Municipality a 5-digit code, a Prefecture a 2-digit one): both dialects read it alike.
MATCH (p:Programme)-[r:PART_OF|TARGETS]->(x)
WHERE p.id IN $ids
RETURN r AS rel, p.id AS src, coalesce(x.id, x.code) AS dst,
       CASE WHEN x.id IS NOT NULL THEN 'Programme'
            WHEN size(x.code) = 5 THEN 'Municipality' ELSE 'Prefecture' END AS dst_label
