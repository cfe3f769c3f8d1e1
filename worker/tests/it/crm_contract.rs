//! One contract suite, run against both CRM connectors over the sandbox: the Dataverse
//! connector (Dynamics 365) and the Salesforce connector must behave identically to the pane.
//!
//! `crm_contract/suite.rs` holds the test bodies, generic over [`suite::CrmFixture`];
//! `crm_contract/{dataverse,salesforce}.rs` provide each vendor's fixture, and the
//! `contract_suite!` macro instantiates every body once per vendor, so a body cannot be
//! skipped for one of them.

pub mod dataverse;
pub mod salesforce;
pub mod suite;

macro_rules! contract_suite {
    ($vendor:ident, $fixture:ty, [$($test:ident),* $(,)?]) => {
        mod $vendor {
            $(
                #[tokio::test]
                async fn $test() {
                    crate::crm_contract::suite::$test::<$fixture>().await;
                }
            )*
        }
    };
}

macro_rules! both_vendors {
    ($($test:ident),* $(,)?) => {
        contract_suite!(against_dataverse, crate::crm_contract::dataverse::DataverseFixture, [$($test),*]);
        contract_suite!(against_salesforce, crate::crm_contract::salesforce::SalesforceFixture, [$($test),*]);
    };
}

both_vendors!(
    current_user_is_the_signed_in_seller,
    contact_lookup_by_emails_is_one_query,
    lookup_escapes_quotes_and_plus_signs,
    hostile_addresses_do_not_change_the_query,
    one_address_on_two_contacts_returns_both,
    unknown_addresses_match_nothing,
    account_and_opportunity_by_id,
    opportunities_carry_the_crms_currency,
    open_opportunities_exclude_closed_ones,
    contacts_page_through_the_whole_list,
    create_contact_writes_the_fields,
    update_with_the_current_version_succeeds,
    update_after_a_change_in_the_crm_is_a_conflict_and_writes_nothing,
    email_activity_carries_parties_and_regarding,
    saved_email_is_found_by_internet_message_id,
    saved_meeting_is_found_by_ical_uid,
    task_and_note_are_created_on_the_record,
    search_finds_records_across_kinds,
    search_filters_active_only_and_owned_by_me,
    record_urls_open_the_crm,
    missing_record_is_not_found,
    throttling_is_typed_with_retry_after,
    server_errors_are_typed,
    malformed_bodies_are_typed,
    hanging_crm_times_out,
    email_lookup_is_one_request_for_any_number_of_participants,
    email_lookup_without_anything_to_ask_sends_nothing,
    email_lookup_keeps_a_failing_part_apart,
    email_lookup_failing_as_a_whole_is_typed,
    opportunity_timeline_is_newest_first_bounded_and_fresh,
    timeline_of_an_unknown_or_hostile_id_reads_nothing,
);
