//! Mentalization of joke graphs. Expected chains are worked out by hand in each comment.

#[cfg(not(target_arch = "wasm32"))]
use std::time::{Duration, Instant};

use tallas_core::scores::mentalization::{Edge, Graph, Node, is_mental_state, level, measure};
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn graph(nodes: &[&str], edges: &[(&str, &str, &str)]) -> Graph {
    Graph {
        nodes: nodes.iter().map(|&label| Node { id: label.to_owned(), label: label.to_owned(), kind: None }).collect(),
        edges: edges
            .iter()
            .map(|&(source, relation, target)| Edge {
                source: source.to_owned(),
                target: target.to_owned(),
                relation: relation.to_owned(),
            })
            .collect(),
    }
}

/// `expected` is (chain length, intentionality depth, dangling edge indices).
fn check(graph: &Graph, expected: (usize, usize, &[usize])) {
    let m = measure(graph);
    assert_eq!((m.chain_length, m.intentionality_depth, m.dangling_edges.as_slice()), expected, "{graph:?}");
    assert_eq!(m.chain.len(), if m.chain_length == 0 { 0 } else { m.chain_length + 1 });
    assert_eq!(m.node_count, graph.nodes.len());
    assert!(!m.depth_is_lower_bound);
}

#[wasm_bindgen_test(unsupported = test)]
fn an_empty_or_mindless_graph_is_second_order() {
    // Comedian and audience only: "I tell you this" is two orders.
    check(&Graph::default(), (0, 2, &[]));
    check(&graph(&["a", "b"], &[("a", "entertains", "b"), ("b", "outsmarts", "a")]), (0, 2, &[]));
}

#[wasm_bindgen_test(unsupported = test)]
fn counts_the_longest_mental_state_chain() {
    // a thinks b believes c knows d: 3 edges, 5th order.
    let chain = graph(&["a", "b", "c", "d"], &[("a", "Thinks", "b"), ("b", "CREE QUE", "c"), ("c", "sabía", "d")]);
    check(&chain, (3, 5, &[]));
    assert_eq!(measure(&chain).chain, ["a", "b", "c", "d"]);
    // A non-mental edge breaks the chain: the longest part is 1 edge.
    check(&graph(&["a", "b", "c"], &[("a", "thinks", "b"), ("b", "kicks", "c")]), (1, 3, &[]));
    // Two branches; the longer one counts.
    check(
        &graph(
            &["a", "b", "c", "d", "e"],
            &[("a", "wants", "b"), ("a", "feels", "c"), ("c", "suspects", "d"), ("d", "finge", "e")],
        ),
        (3, 5, &[]),
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn cycles_terminate_and_minds_may_recur() {
    // "a thinks that b thinks that a …" is two orders; the trail cannot reuse an edge, so it stops.
    check(&graph(&["a", "b"], &[("a", "thinks", "b"), ("b", "thinks", "a")]), (2, 4, &[]));
    check(&graph(&["a", "b", "c"], &[("a", "thinks", "b"), ("b", "thinks", "c"), ("c", "thinks", "a")]), (3, 5, &[]));
    check(&graph(&["a"], &[("a", "imagines", "a")]), (1, 3, &[]));
    // The same mental edge said twice in other words is still one order.
    check(&graph(&["a", "b"], &[("a", "thinks", "b"), ("a", "believes", "b"), ("b", "knows", "a")]), (2, 4, &[]));
}

#[wasm_bindgen_test(unsupported = test)]
fn dangling_edges_are_reported_and_skipped() {
    check(
        &graph(&["a", "b"], &[("a", "thinks", "b"), ("b", "thinks", "ghost"), ("ghost", "thinks", "a")]),
        (1, 3, &[1, 2]),
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn comedian_and_audience_are_the_plus_two() {
    // Comedian intends audience believes a thinks b: only a→b is a chain edge; depth 1 + 2.
    let mut g = graph(
        &["comedian", "audience", "a", "b"],
        &[("comedian", "intends", "audience"), ("audience", "believes", "a"), ("a", "thinks", "b")],
    );
    g.nodes[0].kind = Some("comedian".into());
    g.nodes[1].label = "The Audience".into();
    check(&g, (1, 3, &[]));
}

#[wasm_bindgen_test(unsupported = test)]
fn the_barber_joke_fixture() {
    // Dunbar et al.'s fifth-order barber joke, drawn in Spanish. Frame nodes 1 and 5 drop out;
    // the chain is Cliente cree → Peluquero piensa → Niño sabe → Peluquero: 3 edges, depth 5.
    // Edge 5 points to node "6", which does not exist.
    let json = include_str!("scores_fixtures/barber_graph.json");
    let graph: Graph = serde_json::from_str(json).unwrap();
    let m = measure(&graph);
    assert_eq!((m.node_count, m.level, m.chain_length, m.intentionality_depth), (5, Some(5), 3, 5));
    assert_eq!(m.chain, ["3", "2", "4", "2"]);
    assert_eq!(m.dangling_edges, [5]);
    let back = serde_json::to_value(&m).unwrap();
    assert_eq!(back["intentionality_depth"], 5);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_pathological_graph_hits_the_work_limit_quickly() {
    // 12 minds all thinking about each other: 132 edges and astronomically many trails.
    let names: Vec<String> = (0..12).map(|i| format!("n{i}")).collect();
    let nodes: Vec<&str> = names.iter().map(String::as_str).collect();
    let edges: Vec<(&str, &str, &str)> =
        nodes.iter().flat_map(|&a| nodes.iter().filter(move |&&b| b != a).map(move |&b| (a, "thinks", b))).collect();
    // The clock is checked natively only: `Instant` is not available in the browser's WASM.
    #[cfg(not(target_arch = "wasm32"))]
    let started = Instant::now();
    let m = measure(&graph(&nodes, &edges));
    #[cfg(not(target_arch = "wasm32"))]
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(m.depth_is_lower_bound);
    assert!(m.chain_length >= 12, "the first trails found are already long: {}", m.chain_length);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_very_long_chain_is_cut_at_the_length_limit() {
    // 300 minds in a line: the chain is cut at 64 edges instead of recursing 300 deep.
    let names: Vec<String> = (0..300).map(|i| format!("n{i}")).collect();
    let nodes: Vec<&str> = names.iter().map(String::as_str).collect();
    let edges: Vec<(&str, &str, &str)> = nodes.windows(2).map(|pair| (pair[0], "knows", pair[1])).collect();
    let m = measure(&graph(&nodes, &edges));
    assert_eq!((m.chain_length, m.depth_is_lower_bound), (64, true));
}

#[wasm_bindgen_test(unsupported = test)]
fn level_is_the_original_three_to_six_filter() {
    for (nodes, expected) in [(0, None), (2, None), (3, Some(3)), (4, Some(4)), (6, Some(6)), (7, None), (40, None)] {
        assert_eq!(level(nodes), expected, "{nodes} nodes");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn recognises_mental_state_relations() {
    for relation in [
        "thinks",
        "Believes that",
        "is thinking about",
        "PIENSA",
        "cree que",
        "sabía",
        "sospechó",
        "Finge",
        "espera que",
        "imagina",
        "quiere",
    ] {
        assert!(is_mental_state(relation), "{relation}");
    }
    for relation in ["kicks", "entertains", "le muestra", "come helado", "", "unthinkable"] {
        assert!(!is_mental_state(relation), "{relation}");
    }
}
