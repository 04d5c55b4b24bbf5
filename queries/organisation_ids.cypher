// answers: the ids of every organisation in the graph (to link garbled mentions to known bodies on incremental loads)
// params: none
MATCH (o:Organisation)
RETURN o.id AS id
