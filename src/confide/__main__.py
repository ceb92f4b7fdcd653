from confide.cli import main

raise SystemExit(main())
