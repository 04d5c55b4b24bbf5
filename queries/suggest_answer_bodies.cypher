// answers: several precomputed answers or organisation seeds at once by key, as compact JSON (tsunagari/suggest/seeds.py: an organisation's request reads its areas' need answers together)
// params: keys
// One key lookup per key, strings only.
UNWIND $keys AS k
MATCH (a:Answer {key: k})
RETURN a.key AS key, a.body AS body
