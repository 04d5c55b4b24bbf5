// answers: every municipality's code and the code of the designated city or prefecture it is in, for deriving the places' pools of active organisations
// params: none
MATCH (m:Municipality)
RETURN m.code AS code, m.parent_code AS parent_code
