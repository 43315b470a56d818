//! A joke's knowledge graph drawn as SVG, with its mentalization measures: the node count (the
//! original pipeline's "level") and the intentionality depth, whose chain is highlighted.

use leptos::prelude::*;
use tallas_core::scores::mentalization::{Graph, Mentalization};

use crate::i18n;

/// Points on a circle of radius 1000, clockwise from the top: 24 places for nodes. Integer
/// coordinates keep trigonometry and float formatting out of the page's WASM.
const RING: [(i32, i32); 24] = [
    (0, -1000),
    (259, -966),
    (500, -866),
    (707, -707),
    (866, -500),
    (966, -259),
    (1000, 0),
    (966, 259),
    (866, 500),
    (707, 707),
    (500, 866),
    (259, 966),
    (0, 1000),
    (-259, 966),
    (-500, 866),
    (-707, 707),
    (-866, 500),
    (-966, 259),
    (-1000, 0),
    (-966, -259),
    (-866, -500),
    (-707, -707),
    (-500, -866),
    (-259, -966),
];
const SIZE: i32 = 360;
const RADIUS: i32 = 140;

/// Where node `i` of `n` goes: spread over the outer ring, the 25th and later on an inner one.
fn place(i: usize, n: usize) -> (i32, i32) {
    let (ring, count, index, radius) = if i < RING.len() {
        (0, n.min(RING.len()), i, RADIUS)
    } else {
        (1, n - RING.len(), i - RING.len(), RADIUS / 2)
    };
    let slot = (index * RING.len() / count.max(1) + ring * 3) % RING.len();
    let (x, y) = RING[slot];
    (SIZE / 2 + x * radius / 1000, SIZE / 2 + y * radius / 1000)
}

#[component]
pub fn GraphView(graph: Graph, measured: Mentalization) -> impl IntoView {
    let positions: Vec<(&str, (i32, i32))> =
        graph.nodes.iter().enumerate().map(|(i, node)| (node.id.as_str(), place(i, graph.nodes.len()))).collect();
    let at = |id: &str| positions.iter().find(|(node, _)| *node == id).map(|(_, p)| *p);
    let in_chain =
        |source: &str, target: &str| measured.chain.windows(2).any(|pair| pair[0] == source && pair[1] == target);
    let edges = graph
        .edges
        .iter()
        .filter_map(|edge| {
            let ((x1, y1), (x2, y2)) = (at(&edge.source)?, at(&edge.target)?);
            let class = if in_chain(&edge.source, &edge.target) { "edge chain" } else { "edge" };
            Some(view! {
                <g class=class>
                    <line x1=x1 y1=y1 x2=x2 y2=y2 marker-end="url(#arrow)"></line>
                    <text x=(x1 + x2) / 2 y=(y1 + y2) / 2>{edge.relation.clone()}</text>
                </g>
            })
        })
        .collect_view();
    let nodes = graph
        .nodes
        .iter()
        .zip(&positions)
        .map(|(node, (_, (x, y)))| {
            let kind = node.kind.clone().unwrap_or_default();
            view! {
                <g class="node" data-kind=kind>
                    <circle cx=*x cy=*y r="6"></circle>
                    <text x=*x y=y - 10>{node.label.clone()}</text>
                </g>
            }
        })
        .collect_view();
    let depth = if measured.depth_is_lower_bound {
        format!("≥ {}", measured.intentionality_depth)
    } else {
        measured.intentionality_depth.to_string()
    };
    let level = measured.level.map(|level| i18n::fill(i18n::t().GRAPH_LEVEL, &[&level])).unwrap_or_default();
    let summary = i18n::fill(i18n::t().GRAPH_SUMMARY, &[&measured.node_count, &level, &depth]);
    view! {
        <figure class="graph" data-testid="graph">
            <svg viewBox=format!("0 0 {SIZE} {SIZE}") role="img" aria-label=summary.clone()>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="6" markerHeight="6" orient="auto">
                        <path d="M0,0 L10,5 L0,10 z"></path>
                    </marker>
                </defs>
                {edges}
                {nodes}
            </svg>
            <figcaption data-testid="graph-summary">{summary}" · "<span class="muted">{i18n::t().GRAPH_HINT}</span></figcaption>
        </figure>
    }
}
