from scholarsite.cli import main

raise SystemExit(main())
