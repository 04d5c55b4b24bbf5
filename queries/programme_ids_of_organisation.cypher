// answers: the ids of the programmes one organisation leads or joins: programmes_of_organisations for a single id, found through the organisation's key (the embedded engine answers a list of ids by scanning every organisation)
// params: id
MATCH (o:Organisation {id: $id})-[:LEADS|PARTNER_IN]->(p:Programme)
RETURN DISTINCT p.id AS id
