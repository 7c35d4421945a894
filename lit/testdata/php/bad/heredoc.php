<?php
return ['text' => <<<'TXT'
hello
TXT];
