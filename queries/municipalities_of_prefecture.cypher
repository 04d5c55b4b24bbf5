// answers: the municipalities of a prefecture (wards of designated cities included), for listing and for gathering a prefecture's programmes
// params: code
MATCH (m:Municipality)
WHERE m.prefecture_code = $code
RETURN m.code AS code, m.name AS name, m.full_name AS full_name, m.kind AS kind,
       m.parent_code AS parent_code
ORDER BY code
