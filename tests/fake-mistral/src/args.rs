//! The command line. Hand-rolled: a handful of flags do not justify another dependency to build.

use std::time::Duration;

use crate::faults::FaultPlan;
use crate::state::{Config, Dialect};

pub const USAGE: &str = "\
fake-mistral: a test double of the Mistral REST API, for tests only.

Usage: fake-mistral [--port N] [--key KEY] [--fault SPEC]... [--job-step-ms N] [--chunk-delay-ms N]
                    [--fail-validation] [--fail-training] [--no-fine-tuning] [--ignore-dry-run]
                    [--fine-tuning mistral|openai|together] [--deploy-lora]

  --port N            port on 127.0.0.1; 0 (the default) picks a free one
  --key KEY           the bearer key /v1/* requires (default: test-key)
  --fault SPEC        a fault for every chat request; repeat to combine (default: none)
                      SPEC: none, latency=MS, 429, 429:retry-after=S, 500, 503, truncated,
                      malformed, schema-violation, stream-cut, content-chunks, null-content;
                      comma-separated
  --job-step-ms N     time a fine-tuning job spends in each status (default: 1000); 0 reaches
                      every status at once
  --chunk-delay-ms N  pause between streamed chunks (default: 20)
  --fail-validation   every new fine-tuning job ends in FAILED_VALIDATION and never trains
  --no-fine-tuning    as the deprecated real API: no model can be fine-tuned, and creating a
                      job is a 422 \"Model not available for this type of fine-tuning\"
  --ignore-dry-run    dry_run is ignored and a real job is created, as by an API without it
  --fine-tuning D     the fine-tuning API spoken: mistral (the default), openai (OpenAI's
                      /v1/fine_tuning/jobs, as Nebius Token Factory) or together (/v1/fine-tunes)
  --fail-training     (openai, together) every new job fails while training
  --deploy-lora       (openai) as Nebius Token Factory: a trained adapter chats only once a model
                      is made of its checkpoint (POST /v0/models)

The first line on stdout is `listening on http://127.0.0.1:PORT`.
";

#[derive(Debug, Clone)]
pub struct Args {
    pub port: u16,
    pub config: Config,
}

#[derive(Debug, Clone)]
pub enum Command {
    Run(Args),
    Help,
}

/// Parses the arguments after the program name; accepts `--flag value` and `--flag=value`.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut port = 0;
    let mut config = Config::default();
    let mut faults = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(Command::Help);
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
            _ => (arg, None),
        };
        let mut value = || inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => port = number(&flag, &value()?)?,
            "--key" => {
                config.key = value()?;
                if config.key.is_empty() || config.key.chars().any(char::is_whitespace) {
                    return Err("--key must be non-empty and without spaces".into());
                }
            }
            "--fault" => faults.push(value()?),
            "--job-step-ms" => config.job_step = Duration::from_millis(number(&flag, &value()?)?),
            "--chunk-delay-ms" => config.chunk_delay = Duration::from_millis(number(&flag, &value()?)?),
            "--fine-tuning" => {
                config.dialect = match value()?.as_str() {
                    "mistral" => Dialect::Mistral,
                    "openai" => Dialect::OpenAi,
                    "together" => Dialect::Together,
                    other => return Err(format!("--fine-tuning {other:?}: use mistral, openai or together")),
                }
            }
            "--fail-validation" | "--no-fine-tuning" | "--ignore-dry-run" | "--fail-training" | "--deploy-lora" => {
                // A switch: `--no-fine-tuning=false` reads like it means something, so it is refused.
                if inline.is_some() {
                    return Err(format!("{flag} takes no value"));
                }
                match flag.as_str() {
                    "--fail-validation" => config.fail_validation = true,
                    "--no-fine-tuning" => config.fine_tuning = false,
                    "--fail-training" => config.fail_training = true,
                    "--deploy-lora" => config.deploy_lora = true,
                    _ => config.ignore_dry_run = true,
                }
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    if !faults.is_empty() {
        config.run_faults = faults.join(",").parse::<FaultPlan>().map_err(|e| format!("--fault: {e}"))?;
    }
    Ok(Command::Run(Args { port, config }))
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value.parse().map_err(|_| format!("{flag} {value:?} is not a valid number"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faults::Outcome;

    fn run(args: &[&str]) -> Result<Args, String> {
        match parse(args.iter().map(|a| a.to_string()))? {
            Command::Run(args) => Ok(args),
            Command::Help => Err("help".into()),
        }
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let args = run(&[]).unwrap();
        assert_eq!(args.port, 0);
        assert_eq!(args.config.key, "test-key");
        assert_eq!(args.config.run_faults, FaultPlan::default());
        assert_eq!(args.config.job_step, Duration::from_millis(1000));
        assert_eq!(args.config.chunk_delay, Duration::from_millis(20));
        assert!(!args.config.fail_validation && args.config.fine_tuning && !args.config.ignore_dry_run);
    }

    #[test]
    fn reads_the_switches() {
        let args = run(&["--fail-validation", "--no-fine-tuning", "--ignore-dry-run", "--port", "1"]).unwrap();
        assert!(args.config.fail_validation && !args.config.fine_tuning && args.config.ignore_dry_run);
        assert_eq!(args.port, 1);
        assert_eq!(run(&["--no-fine-tuning=false"]).unwrap_err(), "--no-fine-tuning takes no value");
    }

    #[test]
    fn reads_every_flag_in_both_spellings_and_combines_faults() {
        let args =
            run(&["--port", "8123", "--key=k", "--fault", "latency=5", "--fault=503", "--job-step-ms", "10"]).unwrap();
        assert_eq!(args.port, 8123);
        assert_eq!(args.config.key, "k");
        assert_eq!(args.config.run_faults, FaultPlan { latency_ms: 5, outcome: Some(Outcome::Unavailable) });
        assert_eq!(args.config.job_step, Duration::from_millis(10));
    }

    #[test]
    fn bad_arguments_say_what_is_wrong() {
        assert_eq!(run(&["--port", "99999"]).unwrap_err(), "--port \"99999\" is not a valid number");
        assert_eq!(run(&["--port"]).unwrap_err(), "--port needs a value");
        assert_eq!(run(&["--verbose"]).unwrap_err(), "unknown argument \"--verbose\"");
        assert!(run(&["--fault", "429", "--fault", "500"]).unwrap_err().starts_with("--fault: "));
        assert!(run(&["--fault", "null-content", "--fault", "content-chunks"]).unwrap_err().starts_with("--fault: "));
        assert!(run(&["--key", ""]).is_err());
        assert_eq!(run(&["--help"]).unwrap_err(), "help");
    }
}
