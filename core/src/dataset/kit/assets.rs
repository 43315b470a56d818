//! The kit's files that are not data: the training script, its requirements and the serving
//! recipes, kept beside this module as plain files (so they are read, tested and run as what they
//! are) and included verbatim.

/// `train.py`: SFT with a LoRA adapter, then DPO or KTO from it.
pub(super) const TRAIN_PY: &str = include_str!("train.py");

/// `requirements.txt`: the pinned packages `train.py` needs (`torch` left to the machine).
pub(super) const REQUIREMENTS: &str = include_str!("requirements.txt");

const SERVE: &str = include_str!("serve.md");

/// `serve.md` for this kit: its placeholders `{{model_name}}` (the name the adapter is served
/// under) and `{{dataset_slug}}` filled in.
pub(super) fn serve(model_name: &str, slug: &str) -> String {
    SERVE.replace("{{model_name}}", model_name).replace("{{dataset_slug}}", slug)
}
