<?php
return [#[Attr] 'a' => 1];
