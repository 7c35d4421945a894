<?php
return [
  'siteUrl' => "https://$host/crm",
];
