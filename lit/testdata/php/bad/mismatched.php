<?php
return array(
  'a' => [1, 2),
);
