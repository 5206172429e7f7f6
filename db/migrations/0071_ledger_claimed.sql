-- The ledger claims a batch's keys in one statement as 'claimed' (nothing handed to the transport
-- yet) and moves each few to 'sending' just before their SMTP conversations. A worker that dies
-- with keys still 'claimed' sent none of them, so the retry may take those keys over (with
-- attempts + 1, which fences out the old claimer); 'sending' keys stay unknown outcomes.
alter table channel_deliveries drop constraint channel_deliveries_status_check;
alter table channel_deliveries add constraint channel_deliveries_status_check
  check (status in ('claimed', 'sending', 'sent', 'failed'));
