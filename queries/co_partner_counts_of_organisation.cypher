// answers: how many partnerships co_partners_of_organisation lists in each role (an organisation page that lists only some of them says how many there are in all)
// params: id
MATCH (o:Organisation {id: $id})-[:LEADS|PARTNER_IN]->(p:Programme)<-[r:LEADS|PARTNER_IN]-(other:Organisation)
WHERE other <> o
RETURN coalesce(r.role, 'lead') AS role, count(*) AS partnerships
