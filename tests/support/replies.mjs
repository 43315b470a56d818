// Model replies the worker's task rules accept, for suites that script the fake upstream with an
// answer of their own (the fake's default answers meet the rules too, but say less).

/** A knowledge graph with the comedian, the audience and one mental-state edge. */
export const VALID_GRAPH = {
  nodes: [
    { id: "n1", kind: "comedian", label: "el comediante" },
    { id: "n2", kind: "audience", label: "el público" },
    { id: "n3", kind: "character", label: "la suegra" },
  ],
  edges: [{ source: "n3", target: "n1", relation: "cree que" }],
};
