//! `fake-mistral`: a TEST DOUBLE of the Mistral REST API, used only by Tallas's tests because the
//! real API cannot be reached from the test machines. It answers chat completions
//! deterministically, keeps uploaded files and fine-tuning jobs in memory, injects faults on
//! demand and reports the calls it received. It is never part of the product.

mod answer;
mod app;
mod args;
mod auth;
mod chat;
mod error;
mod faults;
mod files;
mod introspect;
mod jobs;
mod models;
mod openai_jobs;
mod replies;
mod schema_instance;
mod state;
mod steps;
mod streaming;
mod task_answers;
mod together_jobs;

#[cfg(test)]
mod tests;

use std::io::Write;
use std::net::Ipv4Addr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::Notify;

/// How long requests still in flight (a long `latency=` fault, a slow stream) may delay exit.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match args::parse(std::env::args().skip(1)) {
        Ok(args::Command::Run(args)) => args,
        Ok(args::Command::Help) => {
            print!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("fake-mistral: {message}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, args.port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("fake-mistral: cannot listen on 127.0.0.1:{}: {e}", args.port);
            return ExitCode::FAILURE;
        }
    };
    let port = listener.local_addr().map_or(args.port, |a| a.port());
    // Tests read the port from this exact first line, so it is flushed before serving.
    println!("listening on http://127.0.0.1:{port}");
    if std::io::stdout().flush().is_err() {
        return ExitCode::FAILURE;
    }

    let stopping = Arc::new(Notify::new());
    let signalled = stopping.clone();
    let server =
        axum::serve(listener, app::router(state::AppState::new(args.config))).with_graceful_shutdown(async move {
            shutdown_signal().await;
            signalled.notify_one();
        });
    let result = tokio::select! {
        result = server => result,
        () = async { stopping.notified().await; tokio::time::sleep(SHUTDOWN_GRACE).await } => Ok(()),
    };
    match result {
        Ok(()) => {
            eprintln!("fake-mistral: stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fake-mistral: server error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    // Without a SIGTERM handler ctrl-c still works; if even that fails, run until killed.
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}
