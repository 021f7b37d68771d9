//! One LISTEN connection per store, turning `kinlog_events` notifications into a watch
//! value that live subscriptions wait on, and shred announcements into dropped cached
//! keys. Notifications are only a wake-up: subscriptions
//! also poll, so a lost notification or a dropped listener delays delivery but never
//! loses an event.
use std::sync::Arc;
use std::time::Duration;

use futures_util::{stream, StreamExt};
use tokio::sync::watch;
use tokio_postgres::{AsyncMessage, NoTls};

use crate::shred::{SubjectVault, SHRED_CHANNEL};

pub(crate) async fn run_listener(
    config: tokio_postgres::Config,
    notified: watch::Sender<u64>,
    vault: Option<Arc<SubjectVault>>,
) {
    let mut attempt: u32 = 0;
    loop {
        let result = listen_until_closed(&config, &notified, vault.as_deref()).await;
        if notified.is_closed() {
            return;
        }
        attempt += 1;
        tracing::debug!(
            ?result,
            attempt,
            "event listener disconnected; reconnecting"
        );
        tokio::time::sleep(Duration::from_millis(100 << attempt.min(5))).await;
    }
}

/// Runs until the connection ends or nobody listens any more.
async fn listen_until_closed(
    config: &tokio_postgres::Config,
    notified: &watch::Sender<u64>,
    vault: Option<&SubjectVault>,
) -> Result<(), tokio_postgres::Error> {
    let (client, mut connection) = config.connect(NoTls).await?;
    let mut messages = stream::poll_fn(move |cx| connection.poll_message(cx));
    let channels = match vault {
        Some(_) => format!("LISTEN kinlog_events; LISTEN {SHRED_CHANNEL}"),
        None => "LISTEN kinlog_events".to_owned(),
    };
    let subscribe = client.batch_execute(&channels);
    tokio::pin!(subscribe);
    // The connection must be polled for LISTEN to complete, so drive both.
    loop {
        tokio::select! {
            result = &mut subscribe => { result?; break; }
            message = messages.next() => match message {
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            },
        }
    }
    while let Some(message) = messages.next().await {
        if let AsyncMessage::Notification(n) = message? {
            if n.channel() == SHRED_CHANNEL {
                if let (Some(vault), Ok(subject)) = (vault, n.payload().parse()) {
                    vault.forget_cached(&subject);
                }
                continue;
            }
            if let Ok(position) = n.payload().parse::<u64>() {
                notified.send_if_modified(|latest| {
                    let newer = position > *latest;
                    if newer {
                        *latest = position;
                    }
                    newer
                });
            }
        }
        if notified.is_closed() {
            return Ok(());
        }
    }
    Ok(())
}
