//! Undo and redo for the curator's changes. Each step remembers what it changed from and to, so
//! undoing writes the old values back (through the store, like any change) and redoing writes
//! the new ones again. A bulk label is one step.

use super::edits::JokeEdit;
use super::model::Label;

/// One step the curator can undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Labels set on one or more jokes: each joke's label before, and the label they all got.
    Labels { before: Vec<(String, Option<Label>)>, after: Option<Label> },
    /// A joke's text edited from `before` to `after`.
    Text { joke_id: String, before: String, after: String },
    /// Keywords edited, or jokes merged or taken out of a merge: the edit and its inverse.
    Edit { before: JokeEdit, after: JokeEdit },
}

/// The label and text writes that bring a change's jokes to one side of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Writes {
    Labels(Vec<(String, Option<Label>)>),
    Text { joke_id: String, text: String },
    Edit(JokeEdit),
}

impl Change {
    /// What to write to undo this change.
    pub fn reverted(&self) -> Writes {
        match self {
            Change::Labels { before, .. } => Writes::Labels(before.clone()),
            Change::Text { joke_id, before, .. } => Writes::Text { joke_id: joke_id.clone(), text: before.clone() },
            Change::Edit { before, .. } => Writes::Edit(before.clone()),
        }
    }

    /// What to write to do this change (again).
    pub fn applied(&self) -> Writes {
        match self {
            Change::Labels { before, after } => {
                Writes::Labels(before.iter().map(|(id, _)| (id.clone(), *after)).collect())
            }
            Change::Text { joke_id, after, .. } => Writes::Text { joke_id: joke_id.clone(), text: after.clone() },
            Change::Edit { after, .. } => Writes::Edit(after.clone()),
        }
    }
}

/// The undo and redo stacks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
}

impl History {
    /// Records a change the curator just made; it clears what could be redone, as in any editor.
    pub fn record(&mut self, change: Change) {
        self.undo.push(change);
        self.redo.clear();
    }

    /// The change to revert, moved to the redo stack.
    pub fn undo(&mut self) -> Option<Change> {
        let change = self.undo.pop()?;
        self.redo.push(change.clone());
        Some(change)
    }

    /// The change to apply again, moved back to the undo stack.
    pub fn redo(&mut self) -> Option<Change> {
        let change = self.redo.pop()?;
        self.undo.push(change.clone());
        Some(change)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
