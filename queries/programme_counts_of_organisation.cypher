// answers: how many programmes an organisation is in, and how many of them it leads (the others it joins): the totals of programmes_page_of_organisation
// params: id
MATCH (o:Organisation {id: $id})-[r:LEADS|PARTNER_IN]->(p:Programme)
WITH p, max(CASE WHEN coalesce(r.role, 'lead') = 'lead' THEN 1 ELSE 0 END) AS leads
RETURN count(p) AS programmes, sum(leads) AS led
