<?php
return [
  'siteUrl' => 'https://crm.example.com',
  'oidcScopes' => ['profile'],
];
