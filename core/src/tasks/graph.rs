//! The knowledge graph of a joke, read into [`crate::scores::mentalization::Graph`].
//!
//! The measure itself tolerates malformed graphs; this parser does not, because a graph with a
//! dangling edge or without its comedian and audience measures a different joke than the one
//! told, and a corrective round trip is cheap next to a wrong score.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::check::{Checker, field, index, parse_reply};
use super::report::ProblemKind;
use super::{JokeInput, Task, TaskSpec, ValidationReport, schema};
use crate::mistral::ChatMessage;
use crate::prompts;
use crate::scores::mentalization::{Edge, Graph, Node};

pub const SCHEMA_NAME: &str = "joke_graph";
/// Most nodes: a joke has a handful of people and things; dozens is a model listing every noun.
pub const MAX_NODES: usize = 40;
pub const MAX_EDGES: usize = 80;
const MAX_ID_CHARS: usize = 40;
const MAX_LABEL_CHARS: usize = 80;
const MAX_RELATION_CHARS: usize = 80;

/// The node kinds a model may use. "comedian" and "audience" are the kinds
/// `scores::mentalization` leaves out of mental-state chains (they are its "+2").
pub const NODE_KINDS: [&str; 8] = ["comedian", "audience", "character", "group", "animal", "object", "place", "idea"];
/// Kinds every graph must have a node of: someone tells the joke to someone.
const FRAME_KINDS: [&str; 2] = ["comedian", "audience"];

pub struct GraphTask;

impl TaskSpec for GraphTask {
    const TASK: Task = Task::Graph;
    type Input = JokeInput;
    type Output = Graph;

    fn build_messages(input: &JokeInput) -> Vec<ChatMessage> {
        prompts::graph::messages(&input.text)
    }

    fn parse(reply: &str) -> Result<Graph, ValidationReport> {
        parse_reply(Task::Graph, reply, read)
    }
}

pub fn schema() -> Value {
    let node = schema::object(
        "Una persona, grupo, animal, objeto, lugar o idea de la talla.",
        &[
            ("id", schema::string("Id corto y único, p. ej. \"n1\".")),
            ("kind", schema::one_of("Qué es el nodo.", &NODE_KINDS)),
            ("label", schema::string("Nombre breve, en español.")),
        ],
    );
    let edge = schema::object(
        "Una relación dirigida entre dos nodos.",
        &[
            (
                "relation",
                schema::string(
                    "La relación, en presente; si es un estado mental, con piensa, cree, quiere, sabe, siente, \
                     finge o espera.",
                ),
            ),
            ("source", schema::string("Id del nodo de origen (quien tiene el estado mental).")),
            ("target", schema::string("Id del nodo de destino.")),
        ],
    );
    schema::object(
        "El grafo de conocimiento de la talla.",
        &[
            ("edges", schema::array("Las relaciones entre los nodos.", edge)),
            ("nodes", schema::array("Los nodos, siempre con el comediante y el público.", node)),
        ],
    )
}

fn read(checker: &mut Checker, json: &Value) -> Option<Graph> {
    let (object, path) = checker.object(json, "$")?;
    // Both lists are read even when one is missing, so one reply reports the problems of both.
    let node_values = checker.required(object, "nodes", &path).map(Checker::items);
    let edge_values = checker.required(object, "edges", &path).map(Checker::items);
    let nodes = node_values.and_then(|values| nodes(checker, values, &field(&path, "nodes")));
    // Edges are checked against every id a node wrote, even one refused for its length, so that
    // one bad node id is one problem and not one per edge; without nodes there is nothing to check.
    let ids: Option<HashSet<String>> = node_values.map(|values| values.iter().filter_map(written_id).collect());
    let edges = edge_values.and_then(|values| edges(checker, values, &field(&path, "edges"), ids.as_ref()));
    Some(Graph { nodes: nodes?, edges: edges? })
}

fn nodes(checker: &mut Checker, values: &[Value], path: &str) -> Option<Vec<Node>> {
    checker.count(path, values.len(), 1, MAX_NODES);
    let nodes: Vec<Option<Node>> =
        values.iter().enumerate().map(|(i, value)| node(checker, value, &index(path, i))).collect();
    let nodes: Vec<Node> = nodes.into_iter().collect::<Option<_>>()?;
    check_ids_and_frame(checker, &nodes, path);
    Some(nodes)
}

fn edges(checker: &mut Checker, values: &[Value], path: &str, ids: Option<&HashSet<String>>) -> Option<Vec<Edge>> {
    checker.count(path, values.len(), 0, MAX_EDGES);
    let edges: Vec<Option<Edge>> =
        values.iter().enumerate().map(|(i, value)| edge(checker, value, &index(path, i), ids)).collect();
    edges.into_iter().collect()
}

fn node(checker: &mut Checker, value: &Value, path: &str) -> Option<Node> {
    let object = checker.item_object(value, path)?;
    let id = checker.id(object, "id", path, MAX_ID_CHARS);
    let label = checker.text(object, "label", path, MAX_LABEL_CHARS);
    let kind = checker.choice(object, "kind", path, &NODE_KINDS.map(|kind| (kind, kind)));
    Some(Node { id: id?, label: label?, kind: Some(kind?.to_owned()) })
}

fn edge(checker: &mut Checker, value: &Value, path: &str, ids: Option<&HashSet<String>>) -> Option<Edge> {
    let object = checker.item_object(value, path)?;
    let mut end = |key: &str| {
        let id = checker.id(object, key, path, MAX_ID_CHARS)?;
        if ids.is_none_or(|ids| ids.contains(&id)) {
            Some(id)
        } else {
            checker.problem(&field(path, key), ProblemKind::UnknownNode { id });
            None
        }
    };
    let source = end("source");
    let target = end("target");
    let relation = checker.text(object, "relation", path, MAX_RELATION_CHARS);
    Some(Edge { source: source?, target: target?, relation: relation? })
}

/// Node ids are unique, and the comedian and the audience are there.
fn check_ids_and_frame(checker: &mut Checker, nodes: &[Node], path: &str) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        if let Some(&of) = first.get(node.id.as_str()) {
            checker
                .problem(&field(&index(path, i), "id"), ProblemKind::Duplicate { of: field(&index(path, of), "id") });
        } else {
            first.insert(&node.id, i);
        }
    }
    for kind in FRAME_KINDS {
        if !nodes.iter().any(|node| node.kind.as_deref() == Some(kind)) {
            checker.problem(path, ProblemKind::MissingNodeKind { kind });
        }
    }
}

/// The id a node value wrote, as [`Checker::id`] would read it, valid or not.
fn written_id(value: &Value) -> Option<String> {
    match value.get("id")? {
        Value::String(id) => Some(id.trim().to_owned()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}
