^XA
^CI28
^PW812
^LL609
^FO40,30^A0N,40,40^FH^FD{{item}}^FS
^FO40,80^A0N,28,28^FH^FD{{description}}^FS
^FO40,130^A0N,70,70^FH^FDLOT {{lot}}^FS
^FO40,215^A0N,28,28^FH^FDSupplier {{supplier}}  lot {{supplier_lot}}^FS
^FO40,255^A0N,28,28^FH^FDQty {{qty}} {{uom}}   Expiry {{expiry}}^FS
^FO40,295^A0N,28,28^FH^FDStatus {{status}}   {{created}}^FS
^FO40,325^A0N,24,24^FH^FDAllergens: {{allergens}}^FS
^FO40,350^BY3^BCN,140,Y,N,N^FH^FD{{lot}}^FS
^XZ
