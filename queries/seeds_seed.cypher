// answers: an organisation's stored seed (the Answer node keyed "seed|ID", tsunagari/suggest/seeds.py) with what its request needs of the organisation itself: name, sector, the life stages of its programmes and its partners' ids (derived on every load)
// params: id, key
// Two key lookups in one read.
MATCH (o:Organisation {id: $id})
OPTIONAL MATCH (a:Answer {key: $key})
RETURN a.body AS body, o.name AS name, o.sector AS sector, o.life_stages AS life_stages,
       o.partners AS partners
