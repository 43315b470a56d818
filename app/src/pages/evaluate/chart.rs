//! The win rates as an SVG chart: one row per pair, a dot at X's win rate, a bar across its
//! Wilson interval, and a dotted line at 50 % (no preference), so overlapping intervals are seen
//! at once.

use leptos::prelude::*;

use crate::domain::evaluation_text::Bar;
use crate::i18n;

const WIDTH: u32 = 640;
/// Room on the left for the pair's name.
const LABEL: u32 = 260;
const ROW: u32 = 32;

/// A rate's x position, from permille.
fn x(permille: u16) -> u32 {
    LABEL + u32::from(permille.min(1000)) * (WIDTH - LABEL - 16) / 1000
}

#[component]
pub fn WinRateChart(bars: Vec<Bar>) -> impl IntoView {
    let axis = ROW * bars.len() as u32;
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, bar)| {
            let y = ROW * i as u32 + ROW / 2;
            view! {
                <g>
                    <text x="0" y=y + 4 font-size="12">{bar.label}</text>
                    <line x1=x(bar.low) x2=x(bar.high) y1=y y2=y stroke="currentColor" stroke-width="3" />
                    <circle cx=x(bar.rate) cy=y r="5" fill="currentColor" />
                </g>
            }
        })
        .collect_view();
    let ticks = [0u16, 250, 500, 750, 1000].map(
        |t| view! { <text x=x(t) y=axis + 16 font-size="11" text-anchor="middle">{format!("{} %", t / 10)}</text> },
    );
    let w = i18n::lab::t();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {}", axis + ROW) width="100%" role="img" aria-label=w.EVAL_CHART data-testid="evaluation-chart">
                <line x1=x(500) x2=x(500) y1="0" y2=axis stroke="currentColor" stroke-dasharray="4 4" opacity="0.5" />
                {rows}
                {ticks.into_iter().collect_view()}
            </svg>
            <figcaption class="hint">{w.EVAL_CHART}</figcaption>
        </figure>
    }
}
