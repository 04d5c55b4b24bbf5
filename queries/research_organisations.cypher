// answers: every organisation with its attributes, once, for the nodes of research graphs (memberships are read apart, so that a million of them do not repeat each organisation's lists)
// params: none
MATCH (o:Organisation)
RETURN o.id AS id, o.name AS name, o.legal_form AS legal_form, o.sector AS sector, o.kind AS kind,
       o.aliases AS aliases, o.sources AS sources, o.municipality_code AS municipality_code,
       o.prefecture_code AS prefecture_code
