<?php
return [ /* comment
  'a' => 1,
];
