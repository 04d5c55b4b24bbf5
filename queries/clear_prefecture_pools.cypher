// answers: (a write) forgets every prefecture's derived pool of active organisations before it is recomputed, so that a prefecture no programme targets any more keeps none
// params: none
MATCH (place:Prefecture)
SET place.active_organisations = NULL, place.active_roles = NULL, place.active_ranks = NULL
