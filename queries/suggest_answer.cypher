// answers: the precomputed answer of the suggester for a role and an area, as compact JSON (key "ROLE|CODE", "ROLE|" with no area; derived on every load by tsunagari/suggest/answers.py)
// params: key
// One key lookup returning one string: what a request costs when its answer is stored.
MATCH (a:Answer {key: $key})
RETURN a.body AS body
