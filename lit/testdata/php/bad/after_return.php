<?php
return ['a' => 1];
echo 'x';
