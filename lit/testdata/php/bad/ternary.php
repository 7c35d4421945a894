<?php
return ['debug' => true ? 1 : 0];
