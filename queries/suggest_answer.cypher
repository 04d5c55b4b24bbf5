// answers: the precomputed answer of the suggester for a role and an area, as gzip-compressed compact JSON (key "ROLE|CODE", "ROLE|" with no area; derived on every load by tsunagari/suggest/answers.py)
// params: key
// One key lookup returning one value of about 3 KB: what a request costs when its answer is stored.
MATCH (a:Answer {key: $key})
RETURN a.packed AS packed
