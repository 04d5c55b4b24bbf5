// answers: (a write) forgets every municipality's derived pool of active organisations before it is recomputed, so that a municipality no programme targets any more keeps none
// params: none
MATCH (place:Municipality)
SET place.active_organisations = NULL, place.active_roles = NULL, place.active_ranks = NULL
