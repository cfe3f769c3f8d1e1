//! Reads the draft's response body as it arrives (the `ReadableStream` of `fetch`) and hands
//! each [`DraftEvent`] to the card, so text shows up while the model is still writing.

use super::sse::FrameReader;
use crate::error::AppError;
use closer_wire::DraftEvent;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStream, ReadableStreamDefaultReader};

/// Reads `body` to its end, calling `on_event` for every event as soon as its frame is whole.
/// Stops early (cancelling the body, which aborts the upstream call) once `wanted` is false.
pub async fn read_events(
    body: ReadableStream,
    wanted: impl Fn() -> bool,
    mut on_event: impl FnMut(DraftEvent),
) -> Result<(), AppError> {
    let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut frames = FrameReader::default();
    loop {
        if !wanted() {
            let _ = reader.cancel();
            return Ok(());
        }
        let chunk = JsFuture::from(reader.read())
            .await
            .map_err(|_| AppError::Network)?;
        let done = js_sys::Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            return Ok(());
        }
        let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into()) else {
            return Err(AppError::Network);
        };
        let bytes = js_sys::Uint8Array::new(&value).to_vec();
        for event in frames.feed(&bytes) {
            if !wanted() {
                let _ = reader.cancel();
                return Ok(());
            }
            on_event(event);
        }
    }
}
