// answers: the titles of some programmes by id: the few a suggestion's reasons cite (tsunagari/suggest/fetch.py reads the rest of their evidence from the evidence index)
// params: ids
// One key lookup per id: the embedded engine scans for `p.id IN $ids`.
UNWIND $ids AS pid
MATCH (p:Programme {id: pid})
RETURN p.id AS id, p.title AS title
