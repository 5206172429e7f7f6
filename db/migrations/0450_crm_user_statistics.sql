-- principals.crm_user_id (0430) is the person's user id in the CRM: an identifier of them elsewhere,
-- personal by src/prospects/personal-columns.ts's rule, so kept out of the planner's statistics
-- (0358) like the rest of a principal's personal columns.
select baton_keep_out_of_statistics('principals', 'crm_user_id');
