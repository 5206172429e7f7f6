-- The scopes Baton asks the IdP for: many IdPs release a groups claim only for its own scope.
alter table idp_settings add column scopes text not null default 'openid email profile'
  check (scopes ~ '(^| )openid( |$)');
