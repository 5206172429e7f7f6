-- The CRM user the stored tokens act as (issue 69: a deal stage Baton wrote is not a person's
-- change). Salesforce: the user id that ends the token answer's identity URL
-- ({login}/id/{orgId}/{userId}); a refresh answer carries it too, so a connection made before this
-- column learns it at its next refresh. The poll skips the OpportunityFieldHistory rows this user
-- created (Baton's own stage writes). HubSpot: null (its versions name an app as the source).
alter table crm_oauth_tokens add column user_ref text;
